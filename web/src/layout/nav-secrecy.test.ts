import { describe, expect, it } from 'vitest';
import { filterNav } from './nav.ts';

/** Permissions of each role as src/security/policy.ts gives them (the secrecy and knowable ones). */
const ROLE_PERMISSIONS: Record<string, string[]> = {
  admin: ['org.read', 'secrecy.read', 'secrecy.manage', 'secrecy.keywords', 'secrecy.review', 'secrecy.review.decide', 'knowable.read', 'knowable.request'],
  secrecy_officer: ['org.read', 'secrecy.read', 'secrecy.manage', 'secrecy.keywords', 'secrecy.review', 'secrecy.review.decide', 'knowable.read', 'knowable.request', 'knowable.approve', 'knowable.keep'],
  leader: ['org.read', 'secrecy.read', 'secrecy.review', 'secrecy.review.decide', 'knowable.read', 'knowable.request', 'knowable.approve'],
  clerk: ['org.read', 'secrecy.review', 'knowable.request'],
  propaganda_officer: ['org.read', 'secrecy.review'],
  viewer: ['org.read'],
};

const secrecyItems = (role: string) => filterNav(ROLE_PERMISSIONS[role]!).find((g) => g.key === 'secrecy')?.items.map((i) => i.key) ?? [];

describe('the Secrecy section of the navigation', () => {
  it('shows a secrecy officer every secrecy page', () => {
    expect(secrecyItems('secrecy_officer')).toEqual([
      'secrecy-review',
      'secrecy-reviews',
      'secrecy-keywords',
      'secrecy-clearances',
      'secrecy-carriers',
      'secrecy-alerts',
      'secrecy-carrier-reviews',
      'secrecy-letters',
      'secrecy-inspections',
      'secrecy-rectifications',
      'secrecy-training',
      'secrecy-knowable-members',
    ]);
  });

  it('shows a leader the records but not the keyword lists', () => {
    const items = secrecyItems('leader');
    expect(items).toContain('secrecy-carriers');
    expect(items).toContain('secrecy-letters');
    expect(items).not.toContain('secrecy-keywords');
  });

  it('shows reviewers without secrecy.read the review pages and their letters only', () => {
    expect(secrecyItems('propaganda_officer')).toEqual(['secrecy-review', 'secrecy-reviews', 'secrecy-letters']);
    expect(secrecyItems('clerk')).toEqual(['secrecy-review', 'secrecy-reviews', 'secrecy-letters']);
  });

  it('hides the section from a viewer', () => {
    expect(secrecyItems('viewer')).toEqual([]);
  });
});
