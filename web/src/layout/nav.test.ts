import { describe, expect, it } from 'vitest';
import { can, filterNav } from './nav.ts';

const keys = (permissions: string[]) => filterNav(permissions).map((g) => [g.key, g.items.map((i) => i.key)]);

describe('filterNav', () => {
  it('shows nothing without permissions', () => {
    expect(filterNav([])).toEqual([]);
  });

  it('shows a viewer the organization pages only, without import', () => {
    expect(keys(['org.read', 'tokens.own'])).toEqual([['org', ['units', 'people', 'groups']]]);
  });

  it('shows an administrator every existing capability', () => {
    expect(keys(['org.read', 'org.write', 'org.import', 'users.read', 'users.manage', 'audit.read', 'audit.verify'])).toEqual([
      ['org', ['units', 'people', 'groups', 'import']],
      ['audit', ['audit']],
      ['admin', ['users']],
    ]);
  });

  it('shows Admin for users.manage alone and Audit only with audit.read', () => {
    expect(keys(['users.manage', 'audit.verify'])).toEqual([['admin', ['users']]]);
  });

  it('never lists capabilities that do not exist yet', () => {
    const all = filterNav(['org.read', 'org.import', 'users.read', 'audit.read']).flatMap((g) => g.items.map((i) => i.path));
    for (const path of all) expect(path).not.toMatch(/study|duties|secrecy|releases/);
  });

  it('shows 督查督办 to every reader of duties, and the holiday calendar only to its keeper', () => {
    expect(keys(['duties.read'])).toEqual([['duties', ['duties-workbench', 'duties-tasks', 'duties-board', 'duties-areas', 'duties-bulletin']]]);
    expect(keys(['duties.read', 'duties.calendar'])[0]![1]).toContain('duties-holidays');
  });

  it('can() checks any of the permissions', () => {
    expect(can(['org.read'], 'org.write', 'org.read')).toBe(true);
    expect(can(undefined, 'org.read')).toBe(false);
  });
});
