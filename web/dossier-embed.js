// <dossier-explorer>: dossier as a custom element, for any site.
//
//   <script type="module" src="https://your.site/dossier/dossier-embed.js"></script>
//   <dossier-explorer corpus="corpus.json" query="Taliban" compact></dossier-explorer>
//
// Attributes:
//   index    URL of a built explorer's index/manifest.bin (dossier build
//            writes it): the corpus opens prebuilt, without analysis.
//   corpus   URL of a built corpus.json (the raw texts, analysed in the
//            page), resolved against the host page. Without either: a child
//            <script type="application/json"> holding {"files":[{"name","text"}]},
//            or else the bundled corpus.
//   query    the query to start with.
//   compact  a search box whose results drop down; articles open in a dialog.
//
// The explorer renders into a Shadow DOM: the host's CSS and ours do not
// meet. Theme it with the custom properties documented in the README
// (--dz-bg, --dz-fg, --dz-accent, ...), set on the element.

import init, { mount } from './dossier.js';

const wasmReady = init({ module_or_path: new URL('./dossier_bg.wasm', import.meta.url) });

async function corpusOf(el) {
  const src = el.getAttribute('corpus');
  let data = null;
  if (src) {
    const res = await fetch(new URL(src, document.baseURI));
    if (!res.ok) throw new Error(`dossier: cannot load corpus ${src} (${res.status})`);
    data = await res.json();
  } else {
    const inline = el.querySelector('script[type="application/json"]');
    if (inline) data = JSON.parse(inline.textContent);
  }
  const files = Array.isArray(data?.files) ? data.files.filter((f) => typeof f?.name === 'string' && typeof f?.text === 'string') : [];
  return { files, given: data !== null };
}

class DossierExplorer extends HTMLElement {
  async connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    try {
      const index = this.getAttribute('index');
      const [{ files, given }] = await Promise.all([
        index ? { files: [], given: true } : corpusOf(this),
        wasmReady,
      ]);
      mount(root, {
        ...(index ? { index: new URL(index, document.baseURI).href } : {}),
        files,
        bundled: !given,
        query: this.getAttribute('query') ?? '',
        compact: this.hasAttribute('compact'),
        styles: true,
        routing: false,
        userDocuments: false,
      });
    } catch (err) {
      const p = document.createElement('p');
      p.textContent = String(err?.message ?? err);
      root.append(p);
      console.error(err);
    }
  }
}

if (!customElements.get('dossier-explorer')) customElements.define('dossier-explorer', DossierExplorer);
