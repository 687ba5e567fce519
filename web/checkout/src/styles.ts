// The component's own styles, inside its shadow root. Adopted as a constructed stylesheet so a
// merchant page's Content-Security-Policy needs no 'unsafe-inline' for styles.
export const CSS = `
:host { display: block; font: 16px/1.4 system-ui, sans-serif; color: #1b1b1f; max-width: 420px; }
form { display: grid; gap: 12px; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.field { display: grid; gap: 4px; align-content: start; }
label { font-weight: 600; font-size: 14px; }
.control { position: relative; }
input { box-sizing: border-box; width: 100%; font: inherit; padding: 10px 12px; border: 1px solid #8a8a94; border-radius: 6px; background: #fff; color: inherit; }
#number { padding-right: 64px; }
input:focus-visible, button:focus-visible { outline: 3px solid #2b59c3; outline-offset: 2px; }
input[aria-invalid="true"] { border-color: #b00020; border-width: 2px; }
.logo { position: absolute; right: 8px; top: 50%; transform: translateY(-50%); line-height: 0; }
.logo:empty { display: none; }
.network { font-size: 13px; color: #4a4a55; margin: 0; }
.network:empty, .error:empty { display: none; }
.error { color: #b00020; font-size: 14px; margin: 0; }
button { font: inherit; font-weight: 600; padding: 12px; border: 0; border-radius: 6px; background: #2b59c3; color: #fff; cursor: pointer; }
button[disabled] { background: #8a8a94; cursor: default; }
.status { margin: 0; min-height: 1.4em; }
.status[data-kind="success"] { color: #0b6b2e; font-weight: 600; }
.status[data-kind="failure"] { color: #b00020; font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
