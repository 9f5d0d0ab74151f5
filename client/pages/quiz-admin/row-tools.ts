import { html } from 'lit';
import { t } from '../../i18n.ts';

/**
 * Up, down and remove buttons for one row of a list that a trainer reorders (choices, pairs,
 * quiz items …). Use with editorStyles (`.tools`). The buttons stay focusable at the ends
 * (aria-disabled), so focus is never lost when a row reaches the top or bottom.
 */
export function rowTools(o: { name: string; index: number; count: number; onMove: (delta: -1 | 1) => void; onRemove: () => void }) {
  return html`<div class="tools">
    <button type="button" class="secondary" data-tool="up" aria-disabled=${o.index === 0 ? 'true' : 'false'} @click=${() => o.index > 0 && o.onMove(-1)}>
      <span aria-hidden="true">↑</span><span class="visually-hidden">${t('quizEditor.moveUp', { item: o.name })}</span>
    </button>
    <button type="button" class="secondary" data-tool="down" aria-disabled=${o.index >= o.count - 1 ? 'true' : 'false'} @click=${() => o.index < o.count - 1 && o.onMove(1)}>
      <span aria-hidden="true">↓</span><span class="visually-hidden">${t('quizEditor.moveDown', { item: o.name })}</span>
    </button>
    <button type="button" class="secondary" data-tool="remove" @click=${o.onRemove}>
      <span aria-hidden="true">✕</span><span class="visually-hidden">${t('quizEditor.remove', { item: o.name })}</span>
    </button>
  </div>`;
}

/**
 * Where focus goes after a row moved to `target` of `count`: the same button while the row can
 * move further that way, else the other one. A selector within the row (`[data-row=key]`).
 */
export function afterMoveSelector(key: string, target: number, count: number, delta: -1 | 1): string {
  const edge = delta < 0 ? target === 0 : target === count - 1;
  const tool = edge ? (delta < 0 ? 'down' : 'up') : delta < 0 ? 'up' : 'down';
  return `[data-row="${key}"] [data-tool="${tool}"]`;
}
