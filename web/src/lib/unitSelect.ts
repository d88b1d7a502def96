import { localName } from './format.ts';
import type { UnitNode } from './unitTree.ts';

export interface UnitOption {
  value: string;
  title: string;
  children: UnitOption[];
}

/** Tree data for antd TreeSelect, optionally leaving out one unit and its descendants. */
export function unitOptions(nodes: readonly UnitNode[], exclude?: string): UnitOption[] {
  return nodes
    .filter((n) => n.unit.id !== exclude)
    .map((n) => ({ value: n.unit.id, title: localName(n.unit.name, n.unit.nameEn), children: unitOptions(n.children, exclude) }));
}
