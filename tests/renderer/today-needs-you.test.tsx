// @vitest-environment happy-dom
// Today shows a night stopped at something only a person can do: what happened, what to do, and links to the
// attempt and to the venue's page. Nothing is shown when the night is not stuck.
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import type { NeedsYouStatus } from '../../shared/contract';
import { createFakeApi, HEALTH, profileStatus, SETTINGS, statusView } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function setup(needsYou?: NeedsYouStatus) {
  const api = createFakeApi({
    'status.get': () => statusView({ profiles: [profileStatus(needsYou ? { needsYou } : {})] }),
    'health.get': () => HEALTH,
    'settings.get': () => SETTINGS,
  });
  render(<App api={api} />);
}

describe('Today: needs you', () => {
  it('says what stopped the booking, what to do, and links the attempt and the venue page', async () => {
    setup({
      attemptId: 'att-7',
      what: 'a captcha (reCAPTCHA)',
      summary: 'Lanebot needs you: The venue shows a captcha (reCAPTCHA). Open the venue’s site and pass it, or book by hand; then press Book now. Lanebot tries again at 00:10.',
      url: 'https://pool.example/book',
    });
    const box = await screen.findByText(/Lanebot needs you:/);
    const card = box.closest('.needs-you') as HTMLElement;
    expect(card.textContent).toContain('a captcha (reCAPTCHA).');
    expect(card.textContent).toContain('Open the venue’s site and pass it');
    expect(card.textContent).toContain('tries again at 00:10');
    // The summary's own "Lanebot needs you:" is not said twice.
    expect(card.textContent!.match(/needs you/g)).toHaveLength(1);
    expect(within(card).getByRole('link', { name: 'See the attempt' }).getAttribute('href')).toBe('#/history/att-7');
    expect(within(card).getByRole('link', { name: /Open the venue’s page/ }).getAttribute('href')).toBe('https://pool.example/book');
  });

  it('is not shown when the night is not stopped at a person', async () => {
    setup();
    await screen.findByText('Alex');
    expect(document.querySelector('.needs-you')).toBeNull();
  });
});
