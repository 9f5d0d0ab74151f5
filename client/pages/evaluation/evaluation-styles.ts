import { css } from 'lit';

/** Rating scales as rows of large radio targets that wrap on a phone (360 px). */
export const scaleStyles = css`
  .scale {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
    margin: var(--sinau-space-1) 0 0;
  }
  .scale label.option {
    display: inline-flex;
    align-items: center;
    gap: var(--sinau-space-1);
    min-height: 2.75rem;
    padding: var(--sinau-space-1) var(--sinau-space-2);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    font-weight: normal;
    cursor: pointer;
  }
  .scale label.option:has(input:checked) {
    border-color: var(--sinau-color-primary);
    background: var(--sinau-color-primary-soft);
    font-weight: 600;
  }
  .scale input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
  }
  fieldset[aria-invalid='true'] {
    border-color: var(--sinau-color-danger);
  }
  .hint {
    margin: 0;
  }
`;

/** The prompt card on the home page and on a course or webinar page. */
export const promptStyles = css`
  .prompt {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-left: 0.35rem solid var(--sinau-color-primary);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
    box-shadow: var(--sinau-shadow);
    margin: var(--sinau-space-3) 0;
  }
  .prompt h2,
  .prompt h3 {
    margin: 0 0 var(--sinau-space-1);
    font-size: 1.1rem;
  }
  .prompt p {
    margin: 0 0 var(--sinau-space-2);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
  }
  ul.plain {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--sinau-space-3);
  }
  .muted {
    color: var(--sinau-color-muted);
  }
`;
