// What the Electron shell needs from the in-process service. The shell codes against this port,
// never against the service's internals, so every shell module can be tested with a fake service.
import type { Method, Response, ServiceEvent, StatusView } from '../../shared/contract';

export interface ShellService {
  /** Validates with the contract and runs one API method; throws ApiError. */
  handle(method: Method, body: unknown): Promise<unknown>;
  subscribe(listener: (e: ServiceEvent) => void): () => void;
  status(): Promise<StatusView>;
  bookNow(profileId: string): Promise<{ attemptId: string; joined: boolean }>;
  setPausedTonight(paused: boolean): Promise<void>;
  /** Re-plans from the store, runs ≤1 catch-up per missed night. */
  onWake(reason: 'resume' | 'unlock'): Promise<void>;
  /** Instants where the machine must stay awake: from preparation before the first attempt to the end of the night's window. */
  awakeWindows(now: Date): { start: Date; end: Date }[];
  /** Shown in health. */
  setAwakeState(state: { held: boolean; message: string }): void;
  setSecretsProtection(p: 'keychain' | 'basic-text'): void;
  /**
   * Waits up to `timeoutMs` for attempts in flight; with `abortRunning`, those still running are then
   * aborted safely. The attempt records say which ('waited' finished normally, 'aborted' were stopped).
   */
  shutdown(opts: { abortRunning: boolean; timeoutMs: number }): Promise<{ waited: string[]; aborted: string[] }>;
  dataDir: string;
}

export interface SecretStore {
  get(profileId: string, name: string): Promise<string | undefined>;
  set(profileId: string, name: string, value: string): Promise<void>;
  delete(profileId: string, name?: string): Promise<void>;
  has(profileId: string, name: string): Promise<boolean>;
  protection: 'keychain' | 'file-0600' | 'basic-text';
}

/** A typed call through the generic `handle`, for the few contract methods the shell itself uses. */
export function callService<M extends Method>(service: Pick<ShellService, 'handle'>, method: M, body: unknown): Promise<Response<M>> {
  return service.handle(method, body) as Promise<Response<M>>;
}
