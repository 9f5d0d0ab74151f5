import { css } from 'lit';
import { statStyles } from '../../styles/shared-styles.ts';

/** Shared by the quiz administration pages (with statStyles for breadcrumbs and figure tiles): section spacing, links. */
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
`,
];
