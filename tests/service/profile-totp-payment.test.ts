// Saving a profile's authenticator setup key and payment rule through the service API: a key that is not base32
// and a credit allowance without a cap are refused with errors naming their field and nothing half-saved; a good key
// is stored with the other secrets (spaces gone), never in the profile store, and read back only as "saved".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract';
import { createService, type LanebotService } from '../../electron/service/index';
import { FileSecretStore } from '../../electron/service/store/secrets';
import { FakeVenue, fakeProbes, profileInput, tempHome } from '../night/doubles';

let service: LanebotService | undefined;
afterEach(async () => {
  await service?.shutdown({ abortRunning: true, timeoutMs: 0 });
  service = undefined;
});

async function refused(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the save to be refused');
}

describe('profiles.save: authenticator key and payment rule', () => {
  it('refuses a bad key and a cap-less credit allowance by field name, saving nothing; stores a good key only as a secret', async () => {
    const home = tempHome();
    const secrets = new FileSecretStore(home);
    service = await createService({ home, secrets, port: new FakeVenue().port(), probes: fakeProbes, schedule: false });
    const withTotp = profileInput('Alex', { secretNames: ['username', 'password', 'totp'] });

    const bad = await refused(service.handle('profiles.save', { profile: withTotp, secrets: { username: 'alex', password: 'pw', totp: 'hello world 0189' } }));
    expect(Object.keys(bad.fields ?? {})).toEqual(['secrets.totp']);
    expect(bad.fields!['secrets.totp']).toMatch(/setup key/);
    expect(bad.message).not.toContain('0189');
    expect(service.core.store.data.profiles).toHaveLength(0);

    const noCap = await refused(service.handle('profiles.save', { profile: { ...withTotp, payment: { allowCredit: true, capPerBooking: 0 } } }));
    // Schema errors carry the request's own path (the form strips `profile.`).
    expect(noCap.fields?.['profile.payment.capPerBooking']).toMatch(/cap above 0/);
    expect(service.core.store.data.profiles).toHaveLength(0);

    const saved = (await service.handle('profiles.save', {
      profile: { ...withTotp, payment: { allowCredit: true, capPerBooking: 4.5 } },
      secrets: { username: 'alex', password: 'pw', totp: 'jbsw y3dp ehpk 3pxp' },
    })) as { id: string; secretsSaved: Record<string, boolean>; payment?: unknown };
    expect(saved.secretsSaved).toEqual({ username: true, password: true, totp: true });
    expect(saved.payment).toEqual({ allowCredit: true, capPerBooking: 4.5 });
    expect(await secrets.get(saved.id, 'totp')).toBe('JBSWY3DPEHPK3PXP');
    const store = readFileSync(join(home, 'lanebot.json'), 'utf8');
    expect(store).not.toMatch(/JBSW/i);
  });
});
