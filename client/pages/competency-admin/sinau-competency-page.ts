import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { competencyVersions, listFrameworks, updateCompetency, type Competency, type CompetencyVersion, type Framework } from '../../api/competency-admin.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { textField } from '../quiz-admin/form-fields.ts';
import { newKey } from '../quiz-admin/question-draft.ts';
import { afterMoveSelector, rowTools } from '../quiz-admin/row-tools.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import { isCityAdmin, kindLabel, readOnlyNote } from './competency-admin-shared.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-competency-admin-nav.ts';

/** Limits of the server's LevelSchema. */
const MAX_INDICATORS = 12;

interface IndicatorRow {
  key: string;
  text: string;
}
interface LevelDraft {
  level: number;
  name: string;
  description: string;
  indicators: IndicatorRow[];
}
interface Draft {
  name: string;
  description: string;
  levels: LevelDraft[];
}

function draftOf(c: Competency): Draft {
  return {
    name: c.name,
    description: c.description,
    levels: c.levels.map((l) => ({ level: l.level, name: l.name, description: l.description, indicators: l.indicators.map((text) => ({ key: newKey(), text })) })),
  };
}

/**
 * One competency: its wording (name, description, and per level the name, description and
 * behaviour indicators) for city-wide admins to edit — each save that changes something is a
 * new version — and its version history.
 */
@customElement('sinau-competency-page')
export class SinauCompetencyPage extends LitElement {
  static override styles = competencyAdminStyles;

  /** Route parameters: id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private draft: Draft | null = null;
  @state() private invalid: Record<string, MessageKey> = {};
  @state() private error = '';
  @state() private savedNote = '';
  @state() private busy = false;
  /** The version the page knows is current (after a save, the server's answer). */
  @state() private version = 0;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly frameworks = new LoadController<Framework[]>(this, (signal) => listFrameworks(signal));
  private readonly versions = new LoadController<CompetencyVersion[]>(this, (signal) => competencyVersions(this.competencyId, signal));
  private focusAfter: string | null = null;

  private get competencyId(): number {
    return Number(this.params.id);
  }

  private get found(): { competency: Competency; framework: Framework } | null {
    for (const framework of this.frameworks.value ?? []) {
      const competency = framework.competencies.find((c) => c.id === this.competencyId);
      if (competency) return { competency, framework };
    }
    return null;
  }

  protected override willUpdate(): void {
    const found = this.found;
    if (found && !this.draft) {
      this.draft = draftOf(found.competency);
      this.version = found.competency.version;
    }
  }

  protected override async updated(): Promise<void> {
    if (!this.focusAfter) return;
    const selector = this.focusAfter;
    this.focusAfter = null;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private setLevel(index: number, changes: Partial<LevelDraft>): void {
    if (!this.draft) return;
    const levels = this.draft.levels.map((l, i) => (i === index ? { ...l, ...changes } : l));
    this.draft = { ...this.draft, levels };
  }

  private indicatorName(level: number, index: number): string {
    return t('competencyAdmin.editor.indicatorName', { n: index + 1, level });
  }

  private addIndicator(index: number): void {
    const level = this.draft?.levels[index];
    if (!level || level.indicators.length >= MAX_INDICATORS) return;
    const row = { key: newKey(), text: '' };
    this.setLevel(index, { indicators: [...level.indicators, row] });
    this.focusAfter = `[data-row="${row.key}"] textarea`;
    announce(t('competencyAdmin.editor.indicatorAdded', { n: level.indicators.length + 1, level: level.level }));
  }

  private moveIndicator(index: number, position: number, delta: -1 | 1): void {
    const level = this.draft?.levels[index];
    if (!level) return;
    const indicators = [...level.indicators];
    const target = position + delta;
    [indicators[position], indicators[target]] = [indicators[target]!, indicators[position]!];
    this.setLevel(index, { indicators });
    this.focusAfter = afterMoveSelector(indicators[target]!.key, target, indicators.length, delta);
    announce(t('competencyAdmin.editor.indicatorMoved', { level: level.level, position: target + 1, count: indicators.length }));
  }

  private removeIndicator(index: number, position: number): void {
    const level = this.draft?.levels[index];
    if (!level) return;
    const indicators = level.indicators.filter((_, i) => i !== position);
    this.setLevel(index, { indicators });
    const next = indicators[Math.min(position, indicators.length - 1)];
    this.focusAfter = next ? `[data-row="${next.key}"] [data-tool="remove"]` : `#add-indicator-${level.level}`;
    announce(t('competencyAdmin.editor.indicatorRemoved', { n: position + 1, level: level.level }));
  }

  /** What must be fixed before saving (input id → message), as the server's limits say. */
  private problems(d: Draft): Record<string, MessageKey> {
    const errors: Record<string, MessageKey> = {};
    if (!d.name.trim()) errors['c-name'] = 'competencyAdmin.editor.nameRequired';
    for (const l of d.levels) {
      if (!l.name.trim()) errors[`l${l.level}-name`] = 'competencyAdmin.editor.levelNameRequired';
      if (!l.indicators.length) errors[`l${l.level}-indicators`] = 'competencyAdmin.editor.needIndicator';
      for (const row of l.indicators) if (!row.text.trim()) errors[`i-${row.key}`] = 'competencyAdmin.editor.indicatorRequired';
    }
    return errors;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const d = this.draft;
    if (this.busy || !d) return;
    this.invalid = this.problems(d);
    this.savedNote = '';
    if (Object.keys(this.invalid).length) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const saved = await updateCompetency(this.competencyId, {
        name: d.name.trim(),
        description: d.description.trim(),
        levels: d.levels.map((l) => ({ level: l.level, name: l.name.trim(), description: l.description.trim(), indicators: l.indicators.map((row) => row.text.trim()) })),
      });
      this.version = saved.version;
      this.savedNote = saved.changed
        ? t('competencyAdmin.editor.saved', { code: saved.code, version: saved.version })
        : t('competencyAdmin.editor.unchanged', { version: saved.version });
      announce(this.savedNote);
      if (saved.changed) void this.versions.run();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#save-result')?.focus();
  }

  private field(id: string, label: string, value: string, onInput: (v: string) => void, opts: { area?: 'short'; maxlength?: number; hint?: string } = {}) {
    const error = this.invalid[id];
    return textField({ id, label, value, onInput, error: error && t(error), ...opts });
  }

  private renderLevel(l: LevelDraft, index: number) {
    const indicatorsError = this.invalid[`l${l.level}-indicators`];
    return html`<fieldset data-testid=${`level-${l.level}`}>
      <legend>${t('competencyAdmin.editor.levelLegend', { level: l.level, name: l.name })}</legend>
      <div class="form-grid">
        ${this.field(`l${l.level}-name`, t('competencyAdmin.editor.levelName'), l.name, (v) => this.setLevel(index, { name: v }), { maxlength: 60 })}
      </div>
      ${this.field(`l${l.level}-description`, t('competencyAdmin.editor.levelDescription'), l.description, (v) => this.setLevel(index, { description: v }), { area: 'short', maxlength: 2000 })}
      <h3 id=${`l${l.level}-indicators`} tabindex="-1" ?data-invalid=${!!indicatorsError}>${t('competencyAdmin.editor.indicators')}</h3>
      ${indicatorsError ? html`<p class="field-error">${t(indicatorsError)}</p>` : nothing}
      <ol class="rows" aria-labelledby=${`l${l.level}-indicators`}>
        ${l.indicators.map((row, position) => {
          const name = this.indicatorName(l.level, position);
          const id = `i-${row.key}`;
          const error = this.invalid[id];
          return html`<li data-row=${row.key} class="row-box" role="group" aria-label=${name}>
            ${textField({
              id,
              label: t('competencyAdmin.editor.indicatorLabel', { n: position + 1 }),
              value: row.text,
              area: 'short',
              maxlength: 500,
              error: error && t(error),
              onInput: (v) => this.setLevel(index, { indicators: l.indicators.map((r) => (r.key === row.key ? { ...r, text: v } : r)) }),
            })}
            <div class="row-foot">
              <span class="muted">${t('competencyAdmin.editor.indicatorPosition', { n: position + 1, count: l.indicators.length })}</span>
              ${rowTools({
                name,
                index: position,
                count: l.indicators.length,
                onMove: (delta) => this.moveIndicator(index, position, delta),
                onRemove: () => this.removeIndicator(index, position),
              })}
            </div>
          </li>`;
        })}
      </ol>
      <button
        type="button"
        class="secondary"
        id=${`add-indicator-${l.level}`}
        aria-disabled=${l.indicators.length >= MAX_INDICATORS ? 'true' : 'false'}
        @click=${() => this.addIndicator(index)}
      >
        ${t('competencyAdmin.editor.addIndicator')}<span class="visually-hidden"> ${t('competencyAdmin.editor.toLevel', { level: l.level })}</span>
      </button>
      ${l.indicators.length >= MAX_INDICATORS ? html`<p class="hint">${t('competencyAdmin.editor.maxIndicators', { max: MAX_INDICATORS })}</p>` : nothing}
    </fieldset>`;
  }

  private renderVersions() {
    let body;
    if (this.versions.error) body = html`<sinau-alert variant="error">${describeError(this.versions.error)}</sinau-alert>`;
    else if (!this.versions.value) body = html`<sinau-loading></sinau-loading>`;
    else
      body = html`<div class="table-scroll" role="region" aria-labelledby="versions-caption" tabindex="0">
        <table class="cards" role="table" data-testid="versions">
          <caption id="versions-caption">${t('competencyAdmin.editor.versionsCaption')}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col" class="num">${t('competencyAdmin.editor.colVersion')}</th>
              <th role="columnheader" scope="col">${t('competencyAdmin.editor.colName')}</th>
              <th role="columnheader" scope="col">${t('competencyAdmin.editor.colDate')}</th>
              <th role="columnheader" scope="col">${t('competencyAdmin.editor.colBy')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${this.versions.value.map(
              (v) => html`<tr role="row">
                <td role="cell" class="num" data-label=${t('competencyAdmin.editor.colVersion')}>${formatNumber(v.version)}</td>
                <td role="cell" data-label=${t('competencyAdmin.editor.colName')}>${v.name}</td>
                <td role="cell" data-label=${t('competencyAdmin.editor.colDate')}>${formatDate(v.createdAt)}</td>
                <td role="cell" data-label=${t('competencyAdmin.editor.colBy')}>${v.createdBy ?? t('competencyAdmin.editor.byFile')}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
    return html`<section aria-labelledby="versions-heading">
      <h2 id="versions-heading">${t('competencyAdmin.editor.versionsHeading')}</h2>
      ${body}
    </section>`;
  }

  override render() {
    const nav = html`<sinau-competency-admin-nav current="/admin/competencies"></sinau-competency-admin-nav>
      <nav class="crumbs" aria-label=${t('course.breadcrumbs')}><a href="/admin/competencies">${t('competencyAdmin.editor.back')}</a></nav>`;
    if (this.frameworks.error) return html`${nav}<h1>${t('competencyAdmin.editor.title')}</h1><sinau-alert variant="error">${describeError(this.frameworks.error)}</sinau-alert>`;
    if (!this.frameworks.value) return html`${nav}<h1>${t('competencyAdmin.editor.title')}</h1><sinau-loading></sinau-loading>`;
    const found = this.found;
    const d = this.draft;
    if (!found || !d) return html`${nav}<h1>${t('competencyAdmin.editor.title')}</h1><sinau-alert variant="error">${t('competencyAdmin.editor.notFound')}</sinau-alert>`;
    const { competency, framework } = found;
    const canEdit = isCityAdmin(this.session.me);
    return html`${nav}
      <h1>${t(canEdit ? 'competencyAdmin.editor.heading' : 'competencyAdmin.editor.viewHeading', { code: competency.code, name: competency.name })}</h1>
      <p class="meta">
        <span>${framework.title}</span><span>${kindLabel(competency.kind)}</span>
        <span data-testid="current-version">${t('competencyAdmin.editor.current', { version: this.version })}</span>
      </p>
      ${readOnlyNote(this.session.me)}
      <form novalidate @submit=${this.onSubmit} aria-labelledby="wording-heading">
        <h2 id="wording-heading">${t('competencyAdmin.editor.wordingHeading')}</h2>
        <p class="hint">${t('competencyAdmin.editor.versionNote')}</p>
        <fieldset ?disabled=${!canEdit} class="plain">
          <legend class="visually-hidden">${t('competencyAdmin.editor.wordingHeading')}</legend>
          ${this.field('c-name', t('competencyAdmin.editor.name'), d.name, (v) => (this.draft = { ...d, name: v }), { maxlength: 200 })}
          ${this.field('c-description', t('competencyAdmin.editor.description'), d.description, (v) => (this.draft = { ...d, description: v }), { area: 'short', maxlength: 4000 })}
          ${d.levels.map((l, index) => this.renderLevel(l, index))}
        </fieldset>
        <div id="save-result" tabindex="-1" data-testid="competency-save-result">
          ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
          ${this.savedNote ? html`<sinau-alert variant="success">${this.savedNote}</sinau-alert>` : nothing}
        </div>
        ${canEdit
          ? html`<div class="actions">
              <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${t('competencyAdmin.editor.save')}</button>
            </div>`
          : nothing}
      </form>
      ${this.renderVersions()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-competency-page': SinauCompetencyPage;
  }
}
