import { html } from 'lit';
import type { Me } from '../../api/auth.ts';
import type { Competency, CompetencyKind, Framework } from '../../api/competency-admin.ts';
import { t } from '../../i18n.ts';

/** City-wide admins change frameworks, tier defaults and settings; office admins only read them. */
export function isCityAdmin(me: Me | null): boolean {
  return !!me && me.roles.includes('admin') && me.adminScope === null;
}

export function kindLabel(kind: string): string {
  return kind === 'manajerial' || kind === 'sosial_kultural' || kind === 'teknis' ? t(`competencyAdmin.kinds.${kind}`) : kind;
}

/** Every current competency of every framework, with its framework, in framework order. */
export function allCompetencies(frameworks: readonly Framework[]): (Competency & { framework: Framework })[] {
  return frameworks.flatMap((framework) => framework.competencies.map((c) => ({ ...c, framework })));
}

/** <option>s of competencies grouped by framework and kind, e.g. for a competency picker. */
export function competencyOptions(frameworks: readonly Framework[], selected: string, only?: (c: Competency) => boolean) {
  const kinds: CompetencyKind[] = ['manajerial', 'sosial_kultural', 'teknis'];
  return frameworks.flatMap((framework) =>
    kinds.map((kind) => {
      const list = framework.competencies.filter((c) => c.kind === kind && (!only || only(c)));
      if (!list.length) return null;
      return html`<optgroup label=${`${framework.title} — ${kindLabel(kind)}`}>
        ${list.map((c) => html`<option value=${c.code} .selected=${c.code === selected}>${c.code} ${c.name}</option>`)}
      </optgroup>`;
    }),
  );
}

/** The intro line shown to office admins on pages only city-wide admins may change. */
export function readOnlyNote(me: Me | null) {
  return isCityAdmin(me) ? null : html`<sinau-alert variant="info">${t('competencyAdmin.cityOnly')}</sinau-alert>`;
}
