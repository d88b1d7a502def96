import type { Unit } from '../api/types.ts';

export interface UnitNode {
  unit: Unit;
  children: UnitNode[];
}

function compare(a: Unit, b: Unit): number {
  return a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN');
}

/**
 * Builds the unit tree from a flat list using parentId. A unit whose parent is not in the list (not
 * visible to this user, or deleted) becomes a root; a cycle in the data is broken at the first repeat.
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>();
  for (const unit of units) nodes.set(unit.id, { unit, children: [] });
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.unit.parentId;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (!parent || parentId === node.unit.id || isAncestor(nodes, node.unit.id, parentId)) roots.push(node);
    else parent.children.push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => compare(a.unit, b.unit));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** True when `id` is an ancestor of (or equal to) `of`, following parentId links. */
function isAncestor(nodes: Map<string, UnitNode>, id: string, of: string | null): boolean {
  const seen = new Set<string>();
  let cursor = of;
  while (cursor && !seen.has(cursor)) {
    if (cursor === id) return true;
    seen.add(cursor);
    cursor = nodes.get(cursor)?.unit.parentId ?? null;
  }
  return false;
}

/** Every id in the tree, depth first; handy for expanding all nodes. */
export function allIds(tree: readonly UnitNode[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly UnitNode[]) => {
    for (const n of list) {
      out.push(n.unit.id);
      walk(n.children);
    }
  };
  walk(tree);
  return out;
}
