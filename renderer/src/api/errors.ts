// Normalises whatever a transport throws into the contract's ApiError, so views only ever deal
// with { code, message, fields } — whether it came over HTTP, IPC or from a dropped connection.
import { ApiError, type ApiErrorBody } from '../../../shared/contract';

const CODES: ApiErrorBody['code'][] = ['invalid', 'not-found', 'conflict', 'unauthorized', 'internal'];

function isBody(v: unknown): v is ApiErrorBody {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.message === 'string' && typeof o.code === 'string' && CODES.includes(o.code as ApiErrorBody['code']);
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isBody(e)) return new ApiError(e.code, e.message, e.fields);
  if (e && typeof e === 'object' && 'error' in e && isBody((e as { error: unknown }).error)) {
    const b = (e as { error: ApiErrorBody }).error;
    return new ApiError(b.code, b.message, b.fields);
  }
  const message = e instanceof Error ? e.message : String(e);
  // Electron wraps remote errors as "Error invoking remote method 'x': Error: <message>".
  const m = /Error invoking remote method '[^']+': (?:\w*Error: )?(.*)$/s.exec(message);
  return new ApiError('internal', m ? m[1]! : message);
}

/** Field errors from the server, keyed the way the form keys its fields (without the request's "profile." wrapper). */
export function fieldErrors(e: ApiError, strip: string[] = ['profile.']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, msg] of Object.entries(e.fields ?? {})) {
    const prefix = strip.find((p) => path.startsWith(p));
    out[prefix ? path.slice(prefix.length) : path] = msg;
  }
  return out;
}

export const UNAUTHORIZED_TEXT = 'Open Lanebot from the link printed by `lanebot serve`.';
