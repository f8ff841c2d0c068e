// Statements carry LaTeX. KaTeX (MIT, vendored in javascripts/katex/, version 0.19.1) renders
// it in the browser from files of the site itself: the documentation works offline.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  });
});
