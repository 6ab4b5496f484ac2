// The server clock offset from whole-second Date headers: the bounds arithmetic, a simulated server on a
// virtual clock (fast, many skews), and real HTTP servers skewed ±5 s from this machine.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineNow, measureServerClock, offsetBounds, sleepUntil, type ClockSample, type MachineClock } from '../../agent/core/clock';
import { AgentError } from '../../agent/core/failure';

describe('offsetBounds', () => {
  it('intersects what each answer allows', () => {
    // Sent at 100, back at 104, server said second 5000 → offset in [4896, 5900].
    expect(offsetBounds([{ sentMs: 100, receivedMs: 104, serverSecondMs: 5000 }])).toEqual({ lo: 4896, hi: 5900 });
    // Second 5000 still at 590–594, 6000 by 602–606: offset in [6000 − 606, 6000 − 590].
    expect(offsetBounds([
      { sentMs: 100, receivedMs: 104, serverSecondMs: 5000 },
      { sentMs: 590, receivedMs: 594, serverSecondMs: 5000 },
      { sentMs: 602, receivedMs: 606, serverSecondMs: 6000 },
    ])).toEqual({ lo: 5394, hi: 5410 });
  });
  it('is undefined when answers contradict each other', () => {
    expect(offsetBounds([{ sentMs: 0, receivedMs: 1, serverSecondMs: 0 }, { sentMs: 10, receivedMs: 11, serverSecondMs: 9000 }])).toBeUndefined();
  });
});

/** A server whose clock is machine + skew, on a virtual machine clock: requests take 0.3–3 ms each way. */
function simulated(skewMs: number, seed: number) {
  let now = 1_700_000_000_000 + (seed % 997);
  let r = seed;
  const rand = () => { r = (r * 1103515245 + 12345) % 2147483648; return r / 2147483648; };
  const clock: MachineClock = { now: () => now, sleep: async (ms) => { now += Math.max(0, ms); } };
  let requests = 0;
  const probe = async (): Promise<ClockSample> => {
    requests++;
    const sentMs = now;
    now += 0.3 + rand() * 2.7;
    const serverSecondMs = Math.floor((now + skewMs) / 1000) * 1000;
    now += 0.3 + rand() * 2.7;
    return { sentMs, receivedMs: now, serverSecondMs };
  };
  return { clock, probe, requests: () => requests };
}

describe('measureServerClock on a simulated server', () => {
  it.each([5000.4, -5000.7, 123.456, -999.9, 86_400_000 * 3 + 4321.5, 0])('finds a skew of %d ms within its stated error', async (skew) => {
    for (let seed = 1; seed <= 20; seed++) {
      const sim = simulated(skew, seed * 7919);
      const m = await measureServerClock('http://sim.invalid/', { probe: sim.probe, clock: sim.clock, pollMs: 10, bisections: 4 });
      expect(Math.abs(m.offsetMs - skew), `seed ${seed}`).toBeLessThanOrEqual(m.errorMs + 1e-9);
      // ± half the round trip plus what bisection could not remove: a few ms, not the header's 1 s.
      expect(m.errorMs, `seed ${seed}`).toBeLessThan(6);
      expect(sim.requests()).toBeLessThan(150);
    }
  });

  it('without bisection the error is about the poll interval plus a round trip', async () => {
    const sim = simulated(2500, 42);
    const m = await measureServerClock('http://sim.invalid/', { probe: sim.probe, clock: sim.clock, pollMs: 40, bisections: 0 });
    expect(Math.abs(m.offsetMs - 2500)).toBeLessThanOrEqual(m.errorMs);
    expect(m.errorMs).toBeGreaterThan(2);
    expect(m.errorMs).toBeLessThan(40 / 2 + 6 + 1);
  });

  it('says plainly when the server sends no Date or does not answer', async () => {
    await expect(measureServerClock('http://127.0.0.1:9/', { requestTimeoutMs: 300, timeoutMs: 1000 })).rejects.toThrow(/Could not read the venue's clock/);
    const err = await measureServerClock('http://sim.invalid/', { probe: async () => { throw new AgentError('clock-unavailable', 'no Date header'); } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentError);
  });
});

describe('measureServerClock over HTTP', () => {
  const servers: { skew: number; url: string; close(): Promise<void> }[] = [];
  beforeAll(async () => {
    for (const skew of [5000 + 137, -5000 - 612]) {
      const server = http.createServer((req, res) => {
        // The header is the skewed clock's whole second, written as the answer leaves (like the venue).
        res.writeHead(204, { Date: new Date(Math.floor((Date.now() + skew) / 1000) * 1000).toUTCString() });
        res.end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      servers.push({ skew, url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    }
  });
  afterAll(async () => { for (const s of servers) await s.close(); });

  it('measures servers running 5 s ahead and 5 s behind this machine to a few ms', async () => {
    const results = await Promise.all(servers.map(async (s) => ({ s, m: await measureServerClock(s.url, { bisections: 3, pollMs: 5 }) })));
    for (const { s, m } of results) {
      // machineNow() and Date.now() may differ by a fraction of a ms; allow for it.
      expect(Math.abs(m.offsetMs - s.skew), JSON.stringify(m)).toBeLessThanOrEqual(m.errorMs + 2);
      expect(m.errorMs).toBeLessThan(15);
      expect(m.samples).toBeGreaterThan(3);
    }
  }, 20_000);
});

describe('sleepUntil', () => {
  it('wakes just after the target (typically a few ms; the OS may add more under load), never before it', async () => {
    const late: number[] = [];
    for (const ms of [3, 40, 120, 30, 30, 30, 30, 30, 30, 30]) {
      const at = machineNow() + ms;
      await sleepUntil(at);
      late.push(machineNow() - at);
    }
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
    expect([...late].sort((a, b) => a - b)[5]!).toBeLessThan(10);
  });
});
