// The per-session state shared by book() and verify(): browser, confinement, secrets, redaction, budgets.
import type { Page } from 'playwright-core';
import type { LaunchedBrowser } from './launch';
import type { Confinement } from './confine';
import type { AgentFailure, Budgets, ModelConfig, SessionOptions, VenueTarget } from '../types';

export interface SessionState {
  opts: SessionOptions;
  venue: VenueTarget;
  model: ModelConfig;
  budgets: Budgets;
  launched: LaunchedBrowser;
  confinement: Confinement;
  allowed: Set<string>;
  secrets: Map<string, string>;
  redact: (s: string) => string;
  log(line: string): void;
  /** Set once the venue rejected the login: the session never submits credentials again. */
  loginFailure?: AgentFailure;
  /** The page book() works on; kept between calls so a prepared session stays parked. */
  mainPage?: Page;
  /**
   * The pre-check's page, left open on the bookings page: a recipe replay (which always opens its start page
   * itself) takes it instead of opening another tab. Never used by verify(), whose page is always new.
   */
  sparePage?: Page;
  actionTimeoutMs: number;
  navTimeoutMs: number;
  snapshotTokens: number;
}
