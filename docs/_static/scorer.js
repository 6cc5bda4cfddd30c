/*
 * Search ranking for Why Softmax (Sphinx's html_search_scorer): a page that explains a term
 * ranks above the API entry of the function with that name. Sphinx's defaults let an exact
 * object-name match (11 + 15) outweigh a page whose text has the term (5); here pages weigh
 * more and objects less, so "logsumexp" finds the pages about log-sum-exp first, then the API.
 */
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score, filename, kind] = result;
    // The API reference and the generated indices rank after the explanatory pages.
    if (docname === "api" || docname === "genindex" || docname === "py-modindex") {
      return score - 10;
    }
    return score;
  },
  objNameMatch: 6,
  objPartialMatch: 3,
  objPrio: {
    0: 5,
    1: 2,
    2: -5,
  },
  objPrioDefault: 0,
  title: 20,
  partialTitle: 10,
  term: 12,
  partialTerm: 4,
};
