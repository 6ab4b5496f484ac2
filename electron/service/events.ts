// The service's event bus: attempt progress and "something changed" signals for every transport.
import type { ServiceEvent } from '../../shared/contract';

export class EventBus {
  private listeners = new Set<(e: ServiceEvent) => void>();
  subscribe(listener: (e: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: ServiceEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A broken subscriber (a closed SSE socket, say) must not stop an attempt.
      }
    }
  }
}
