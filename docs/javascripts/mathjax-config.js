// Statements carry LaTeX; the site renders it with MathJax when MathJax is available
// (it is not downloaded by the build: pages stay readable as plain LaTeX offline).
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" }
};
