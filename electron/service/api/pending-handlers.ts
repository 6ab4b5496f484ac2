// The three methods of the notification / diagnostics / calendar contract whose service side is
// built in parallel (ntfy and webhook delivery, the diagnostics bundle, the iCalendar feed). Until
// those handlers are merged, each answers honestly that this build cannot do it yet; the real
// handlers in handlers.ts are listed after these and replace them, and this file goes away.
import { ApiError, type Method, type ParsedRequest, type Response } from '../../../shared/contract';
import type { ServiceCore } from '../core';

type Pending = 'notify.test' | 'diagnostics.export' | 'calendar.info';
type PendingHandlers = { [M in Pending & Method]: (req: ParsedRequest<M>, core: ServiceCore) => Promise<Response<M>> };

const notYet = (what: string) => async (): Promise<never> => {
  throw new ApiError('not-found', `This Lanebot cannot ${what} yet.`);
};

export const pendingHandlers: PendingHandlers = {
  'notify.test': notYet('send test notifications'),
  'diagnostics.export': notYet('export diagnostics'),
  'calendar.info': notYet('publish a calendar feed'),
};
