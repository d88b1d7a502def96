import type { Level } from './levels.ts';
import type { Role } from './roles.ts';

/** Whoever is acting: a signed-in user, an API token's owner, or the system itself (CLI, scheduler, demo loader). */
export interface Actor {
  kind: 'user' | 'system';
  id: string | null;
  name: string;
  roles: readonly Role[];
  clearance: Level;
  personId: string | null;
  via: 'session' | 'token' | 'cli' | 'system';
  requestId: string | null;
  /** The client's address, where the actor came over HTTP: sign-in failures are counted per account and address. */
  address?: string | null;
}

export function systemActor(name = 'system', via: Actor['via'] = 'system'): Actor {
  return { kind: 'system', id: null, name, roles: ['admin'], clearance: 'juemi', personId: null, via, requestId: null };
}
