import { css } from 'lit';

/** Layout of the attempt page: the sticky time and save bar, pages, the confirmation dialog. */
export const attemptStyles = css`
  h1 {
    overflow-wrap: anywhere;
  }
  .sheet {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: 0 var(--sinau-space-5) var(--sinau-space-5);
    box-shadow: var(--sinau-shadow);
    min-width: 0;
  }
  @media (max-width: 30rem) {
    .sheet {
      padding: 0 var(--sinau-space-3) var(--sinau-space-4);
      border-left: 0;
      border-right: 0;
      border-radius: 0;
      margin: 0 calc(-1 * var(--sinau-space-4));
    }
  }
  .sheet.result {
    padding-top: var(--sinau-space-4);
  }
  .status-bar {
    position: sticky;
    top: 0;
    z-index: 2;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--sinau-space-1) var(--sinau-space-4);
    margin: 0 calc(-1 * var(--sinau-space-5)) var(--sinau-space-3);
    padding: var(--sinau-space-2) var(--sinau-space-5);
    background: var(--sinau-color-surface);
    border-bottom: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius) var(--sinau-radius) 0 0;
  }
  @media (max-width: 30rem) {
    .status-bar {
      margin: 0 calc(-1 * var(--sinau-space-3)) var(--sinau-space-3);
      padding: var(--sinau-space-2) var(--sinau-space-3);
      border-radius: 0;
    }
  }
  .timer {
    display: flex;
    align-items: baseline;
    gap: var(--sinau-space-2);
    margin: 0;
  }
  .timer .clock {
    font-size: 1.4rem;
    font-weight: 800;
    font-variant-numeric: tabular-nums;
  }
  .timer.soon .clock {
    color: var(--sinau-color-warning);
  }
  .timer.urgent .clock {
    color: var(--sinau-color-danger);
  }
  .bar-facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sinau-space-3);
    margin: 0;
    font-size: 0.9rem;
  }
  .save-status {
    font-weight: 600;
  }
  .save-status.saved {
    color: var(--sinau-color-success);
  }
  .save-status.unsaved {
    color: var(--sinau-color-warning);
  }
  .time-warning {
    border-left: 0.35rem solid var(--sinau-color-warning);
    background: var(--sinau-color-warning-bg);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
    font-weight: 600;
  }
  .page-heading {
    font-size: 1rem;
    color: var(--sinau-color-muted);
    margin: var(--sinau-space-3) 0 0;
    scroll-margin-top: 5rem;
  }
  nav.pages {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--sinau-space-3);
    margin-top: var(--sinau-space-4);
  }
  nav.pages ol {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
    margin: 0;
    padding: 0;
  }
  nav.pages ol button {
    min-width: 2.75rem;
    padding: var(--sinau-space-1) var(--sinau-space-3);
  }
  nav.pages ol button[aria-current='page'] {
    background: var(--sinau-color-primary);
    color: var(--sinau-color-on-primary);
  }
  .finish {
    margin-top: var(--sinau-space-5);
    padding-top: var(--sinau-space-4);
    border-top: 1px solid var(--sinau-color-border);
  }
  ul.unanswered {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
    padding: 0;
    margin: 0 0 var(--sinau-space-3);
  }
  .links {
    margin-top: var(--sinau-space-4);
  }
`;
