// The Electron preload exposes the service API on window.lanebot; in a plain browser it is absent
// and the HTTP client takes over. Declared here so the renderer type-checks without Electron types.
import type { LanebotApi } from '../../../shared/contract';

declare global {
  interface Window {
    lanebot?: LanebotApi;
  }
}

export {};
