import { html, nothing } from 'lit';

export interface TextFieldOptions {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** What is wrong with the value, shown under it and tied to it (aria-describedby). */
  error?: string | undefined;
  hint?: string | undefined;
  /** A textarea: 'short' (a few lines, body font) or 'long' (Markdown, monospace). */
  area?: 'short' | 'long';
  maxlength?: number;
  /** Offers the decimal keyboard on phones; the value stays text (a decimal comma is fine). */
  numeric?: boolean;
  type?: 'text' | 'datetime-local';
  /** The id of a <datalist> in the same shadow root. */
  list?: string;
  required?: boolean;
}

/**
 * A labelled text input or textarea with its hint and error, as the quiz editors use them.
 * Use with formStyles (`.field`, `.hint`, `.field-error`); `textarea.short` is styled by the caller.
 */
export function textField(o: TextFieldOptions) {
  const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  const onInput = (e: Event) => o.onInput((e.target as HTMLInputElement | HTMLTextAreaElement).value);
  return html`<div class="field">
    <label for=${o.id}>${o.label}</label>
    ${o.area
      ? html`<textarea
          id=${o.id}
          class=${o.area}
          maxlength=${o.maxlength ?? 20000}
          ?required=${o.required}
          aria-invalid=${o.error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          .value=${o.value}
          @input=${onInput}
        ></textarea>`
      : html`<input
          id=${o.id}
          type=${o.type ?? 'text'}
          maxlength=${o.type === 'datetime-local' ? nothing : (o.maxlength ?? 500)}
          inputmode=${o.numeric ? 'decimal' : nothing}
          list=${o.list ?? nothing}
          autocomplete="off"
          ?required=${o.required}
          aria-invalid=${o.error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          .value=${o.value}
          @input=${onInput}
        />`}
    ${o.hint ? html`<p id=${`${o.id}-hint`} class="hint">${o.hint}</p>` : nothing}
    ${o.error ? html`<p id=${`${o.id}-error`} class="field-error">${o.error}</p>` : nothing}
  </div>`;
}
