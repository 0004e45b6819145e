// Progressive enhancement: every page works without this file. Each element with
// data-module="NAME" (space-separated for several) gets components/NAME.js's init(element),
// once. Interface strings reach components as data-i18n-* attributes rendered by gettext.
const started = new WeakMap();

for (const element of document.querySelectorAll("[data-module]")) {
  const names = started.get(element) ?? new Set();
  started.set(element, names);
  for (const name of element.dataset.module.split(/\s+/).filter(Boolean)) {
    if (names.has(name) || !/^[a-z][a-z0-9-]*$/.test(name)) continue;
    names.add(name);
    import(`./components/${name}.js`)
      .then((component) => component.init(element))
      .catch((error) => console.error(`module ${name}:`, error));
  }
}
