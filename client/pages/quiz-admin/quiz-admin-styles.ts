import { css } from 'lit';
import { statStyles } from '../../styles/shared-styles.ts';

/** Shared by the quiz administration pages (with statStyles for breadcrumbs and figure tiles): section spacing, links, reorderable rows, short text boxes. */
export const quizAdminStyles = [
  statStyles,
  css`
  section {
    margin-top: var(--sinau-space-5);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
  }
  td,
  th {
    overflow-wrap: anywhere;
  }
  /* Lists a trainer reorders (choices, pairs, quiz items): one bordered block per row, tools at its foot. */
  ol.rows {
    list-style: none;
    margin: 0 0 var(--sinau-space-3);
    padding: 0;
    display: grid;
    gap: var(--sinau-space-3);
  }
  ol.rows fieldset,
  ol.rows .row-box {
    margin: 0;
  }
  ol.rows .row-box {
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
  }
  ol.rows .field {
    margin-bottom: var(--sinau-space-2);
  }
  /* A few lines of plain text (a choice, feedback), not a Markdown document. */
  textarea.short {
    min-height: 4.5rem;
    font-family: inherit;
    font-size: 1rem;
  }
  .row-foot {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--sinau-space-2);
  }
`,
];
