import { html } from 'lit';
import type { Unit } from '../../api/org.ts';
import { t } from '../../i18n.ts';

export interface UnitNode {
  unit: Unit;
  depth: number;
}

/** Units in tree order (each parent followed by its children), names sorted within a level. */
export function unitTree(units: readonly Unit[]): UnitNode[] {
  const ids = new Set(units.map((unit) => unit.id));
  const children = new Map<number | null, Unit[]>();
  for (const unit of units) {
    // A parent outside the list (a scoped admin's view) makes the unit a root here.
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(unit);
    children.set(parent, list);
  }
  const result: UnitNode[] = [];
  const seen = new Set<number>();
  const visit = (parent: number | null, depth: number): void => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'id'));
    for (const unit of list) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      result.push({ unit, depth });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return result;
}

/** The unit and everything below it: a unit cannot move under any of these. */
export function unitWithDescendants(units: readonly Unit[], id: number): Set<number> {
  const result = new Set<number>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId !== null && result.has(unit.parentId) && !result.has(unit.id)) {
        result.add(unit.id);
        grew = true;
      }
    }
  }
  return result;
}

/** <option>s for a unit <select>, indented by depth (option text keeps no-break spaces). */
export function unitOptions(units: readonly Unit[], selected: number | null, exclude: Set<number> = new Set()) {
  return unitTree(units)
    .filter((node) => !exclude.has(node.unit.id))
    .map(
      (node) =>
        html`<option value=${String(node.unit.id)} .selected=${node.unit.id === selected}>${'\u00a0\u00a0\u00a0'.repeat(node.depth)}${node.unit.name}${node.unit.active ? '' : ` (${t('common.inactive')})`}</option>`,
    );
}

/**
 * The offices an admin manages: everything for a city-wide admin (scope null), otherwise the
 * scope's offices and all below them. The server enforces this; the client only hides the rest.
 */
export function unitsInScope(units: readonly Unit[], scope: readonly { id: number }[] | null): Unit[] {
  if (scope === null) return [...units];
  const allowed = new Set<number>();
  for (const root of scope) for (const id of unitWithDescendants(units, root.id)) allowed.add(id);
  return units.filter((unit) => allowed.has(unit.id));
}
