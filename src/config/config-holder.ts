import type { SwitchboardConfig } from './switchboard-config.js';

/**
 * Holds the config the gateway currently serves with. A request reads `current` once at its
 * start and keeps that object to its end, so a swap (discovered upstreams, hot reload) never
 * changes a request in flight.
 */
export class ConfigHolder {
  private config: SwitchboardConfig;
  private readonly listeners: ((next: SwitchboardConfig) => void)[] = [];

  constructor(initial: SwitchboardConfig) {
    this.config = initial;
  }

  /** The config new requests start with. */
  get current(): SwitchboardConfig {
    return this.config;
  }

  /** Replaces the config for requests that start from now on. */
  replace(next: SwitchboardConfig): void {
    this.config = next;
    for (const listener of this.listeners) listener(next);
  }

  /**
   * Calls `listener` synchronously after every `replace` (e.g. to register a reloaded config's
   * secrets with the log scrubber before any request runs on it).
   */
  onReplace(listener: (next: SwitchboardConfig) => void): void {
    this.listeners.push(listener);
  }
}
