// The preload: exposes exactly one object, window.lanebot (the contract's LanebotApi), over IPC.
// It runs sandboxed and is bundled into one CJS file, so it imports only 'electron' and types.
// Callbacks never receive Electron's IPC event object, and errors cross the context bridge as
// plain ApiErrorBody objects because the bridge strips every custom property from an Error.
import { contextBridge, ipcRenderer } from 'electron';
import type { LanebotApi, ServiceEvent } from '../shared/contract';
import { screenshotUrl } from './shell/protocol-urls';
import { CALL_CHANNEL, EVENT_CHANNEL, type IpcResult } from './shell/ipc-channels';

const api: LanebotApi = {
  transport: 'ipc',
  async call(method, request) {
    const result = (await ipcRenderer.invoke(CALL_CHANNEL, method, request)) as IpcResult;
    if (result.ok) return result.value as never;
    throw { ...result.error };
  },
  subscribe(listener) {
    const wrapped = (_event: unknown, e: ServiceEvent) => listener(e);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
  screenshotUrl,
};

contextBridge.exposeInMainWorld('lanebot', api);
