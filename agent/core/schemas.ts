// Input validation at the agent's boundary: plain options from the service are checked before a browser starts.
import { z } from 'zod';

const httpUrl = z.string().refine((u) => { try { return /^https?:$/.test(new URL(u).protocol); } catch { return false; } }, 'must be an http(s) URL');

export const VenueTargetSchema = z.object({
  startUrl: httpUrl,
  allowedOrigins: z.array(z.string().min(1)).max(20),
  bookingsUrl: httpUrl.optional(),
  timeZone: z.string().min(1),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  locale: z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag like de-DE').optional(),
});

export const BookingWantSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-MM-dd'),
  time: z.string().regex(/^\d{2}:\d{2}$/, 'HH:mm').optional(),
  lane: z.string().min(1).max(20).optional(),
});

export const ModelConfigSchema = z.object({
  host: z.string().min(1),
  model: z.string().min(1),
  timeoutMs: z.number().int().positive().max(30 * 60_000),
  numCtx: z.number().int().min(512).max(1_048_576),
  keepAlive: z.string().min(1),
});

export const SessionOptionsSchema = z.object({
  venue: VenueTargetSchema,
  secrets: z.object({ names: z.array(z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . -')), resolve: z.function() }),
  model: ModelConfigSchema,
  browser: z.object({ executablePath: z.string().optional(), headless: z.boolean().optional(), userDataDir: z.string().optional(), locale: z.string().optional(), timezoneId: z.string().optional() }),
  artifactsDir: z.string().min(1),
  budgets: z.object({ maxSteps: z.number().int().positive(), maxWallMs: z.number().positive(), maxModelMs: z.number().positive() }).partial().optional(),
}).loose();
