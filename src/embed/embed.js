// <ezcloud-reset>: the password-reset app in a frame of its own origin, for a host page whose
// CSP allows this script and that frame and nothing else. Attributes pass to the app and
// apply live; the app reports its height and its steps; nothing else crosses.
(() => {
  const script = document.currentScript;
  if (!script || customElements.get("ezcloud-reset")) return;
  const origin = new URL(script.src).origin;
  const passed = ["region", "lang", "channel", "accent-color", "radius", "font-family", "color-scheme"];
  const regions = ["americas", "europe", "asia-pacific"];
  const base = new CSSStyleSheet();
  base.replaceSync(":host{display:block}iframe{display:block;width:100%;border:0;height:0}");

  class EzcloudReset extends HTMLElement {
    static get observedAttributes() {
      return passed;
    }

    #frame = document.createElement("iframe");
    #size = new CSSStyleSheet();
    #ready = false;
    #listener = (event) => this.#receive(event);

    constructor() {
      super();
      // Open, so that a host's own WebDriver tests reach the frame: WebKit's driver (and
      // Safari's) cannot enter a closed root. The frame is of another origin either way.
      const root = this.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [base, this.#size];
      const frame = this.#frame;
      frame.title = this.getAttribute("title") || "EZCloud password reset";
      // Scripts, its own storage (and a request for it on a click where the browser denies
      // it), forms, "Go to Login" on the top page after a click, and the help's link to the
      // support hotline in a new tab.
      frame.setAttribute(
        "sandbox",
        "allow-scripts allow-same-origin allow-forms allow-top-navigation-by-user-activation allow-popups allow-popups-to-escape-sandbox allow-storage-access-by-user-activation",
      );
      frame.setAttribute("allow", "");
      root.append(frame);
    }

    connectedCallback() {
      addEventListener("message", this.#listener);
      const query = new URLSearchParams({ embed: "1", host: location.origin });
      for (const name of passed) {
        const value = this.getAttribute(name);
        if (value !== null) query.set(name, value);
      }
      this.#frame.src = `${origin}/?${query}`;
    }

    disconnectedCallback() {
      removeEventListener("message", this.#listener);
    }

    attributeChangedCallback(name, old, value) {
      if (this.#ready && old !== value) {
        this.#frame.contentWindow.postMessage({ type: "ezcloud-reset:set", name, value }, origin);
      }
    }

    #emit(name, detail) {
      this.dispatchEvent(new CustomEvent(`ezcloud-reset:${name}`, { bubbles: true, composed: true, detail }));
    }

    #receive(event) {
      if (event.origin !== origin || event.source !== this.#frame.contentWindow) return;
      const data = event.data || {};
      if (data.type === "ezcloud-reset:height") {
        const height = Math.ceil(Number(data.height));
        if (height >= 0 && height < 100000) this.#size.replaceSync(`iframe{height:${height}px}`);
      } else if (data.type === "ezcloud-reset:ready") {
        this.#ready = true;
        this.#emit("ready", {});
      } else if (data.type === "ezcloud-reset:step" && Number.isInteger(data.step) && data.step > 0) {
        // Any step the app has: its `Step::ALL` is the one list, and only its frame gets here.
        this.#emit("step", { step: data.step, channel: data.channel === "sms" ? "sms" : "email" });
      } else if (data.type === "ezcloud-reset:complete" && regions.includes(data.region)) {
        this.#emit("complete", { region: data.region });
      }
    }
  }

  customElements.define("ezcloud-reset", EzcloudReset);
})();
