// Renders a component inside the same providers the app uses, over a given (fake or real) API.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { LanebotApi } from '../../shared/contract';
import { ApiProvider } from '../../renderer/src/api/context';
import { LiveAttemptsProvider } from '../../renderer/src/lib/live-context';

export function renderWithApi(ui: ReactElement, api: LanebotApi) {
  return render(
    <ApiProvider api={api}>
      <LiveAttemptsProvider>{ui}</LiveAttemptsProvider>
    </ApiProvider>,
  );
}
