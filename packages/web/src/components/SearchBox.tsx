import { useRef, useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { runSearch } from '../store/search-actions';
import { useT } from '../i18n/use-t';
import { SearchIcon } from './Icons';

/** The search field of the channel header: Enter searches the team's messages, results open beside the channel. */
export function SearchBox() {
  const t = useT();
  const dispatch = useAppDispatch();
  const lastTerms = useAppSelector((s) => s.search.terms);
  const [terms, setTerms] = useState(lastTerms);
  const input = useRef<HTMLInputElement>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (terms.trim() !== '') void dispatch(runSearch(terms));
  }

  return (
    // On a phone the field shrinks to its icon; a tap anywhere on it starts typing.
    <form className="header-search" role="search" onSubmit={submit} onClick={() => input.current?.focus()}>
      <SearchIcon size={16} />
      <input
        ref={input}
        type="search"
        name="terms"
        className="header-search__input"
        dir="auto"
        value={terms}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setTerms(e.target.value)}
      />
    </form>
  );
}
