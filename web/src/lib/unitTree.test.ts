import { describe, expect, it } from 'vitest';
import type { Unit } from '../api/types.ts';
import { allIds, buildUnitTree } from './unitTree.ts';

function unit(id: string, parentId: string | null, sortOrder = 0, name = id): Unit {
  return { id, parentId, name, nameEn: null, kind: 'department', sortOrder, level: 'public', mark: null, createdAt: '', updatedAt: '' };
}

describe('buildUnitTree', () => {
  it('nests units under their parents and sorts siblings by sortOrder then name', () => {
    const tree = buildUnitTree([unit('c', 'root', 2), unit('root', null), unit('b', 'root', 1), unit('a', 'root', 1), unit('c1', 'c')]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.unit.id).toBe('root');
    expect(tree[0]!.children.map((n) => n.unit.id)).toEqual(['a', 'b', 'c']);
    expect(tree[0]!.children[2]!.children.map((n) => n.unit.id)).toEqual(['c1']);
    expect(allIds(tree)).toEqual(['root', 'a', 'b', 'c', 'c1']);
  });

  it('makes a unit whose parent is not visible a root', () => {
    const tree = buildUnitTree([unit('x', 'hidden'), unit('y', null, 1)]);
    expect(tree.map((n) => n.unit.id)).toEqual(['x', 'y']);
  });

  it('does not loop on a cycle or a self-parent', () => {
    const tree = buildUnitTree([unit('a', 'b'), unit('b', 'a'), unit('s', 's')]);
    expect(allIds(tree).sort()).toEqual(['a', 'b', 's']);
  });

  it('answers an empty tree for no units', () => {
    expect(buildUnitTree([])).toEqual([]);
  });
});
