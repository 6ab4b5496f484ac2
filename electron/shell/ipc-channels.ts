// IPC channel names and the reply envelope, shared by the main process and the preload (which must
// not pull in zod or Node, so nothing but types is imported here).
import type { ApiErrorBody } from '../../shared/contract';

export const CALL_CHANNEL = 'lanebot:call';
export const EVENT_CHANNEL = 'lanebot:event';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };
