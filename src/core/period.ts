/*
 * A reporting scope and period, shared by the digest (src/digests) and the
 * features that add a section to it (health, pairing): declared here, below
 * all of them, so a meeting feature never imports a view.
 */

export interface DigestScope {
  /** undefined: the whole organisation. */
  tribe?: string | undefined;
}

export interface Period {
  from: Date;
  to: Date;
}
