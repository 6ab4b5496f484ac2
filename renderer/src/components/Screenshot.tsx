// A screenshot from an attempt record, opened full size in a new tab on click.
import { useApi } from '../api/context';

export function Screenshot({ path, caption, size = 'thumb' }: { path: string; caption: string; size?: 'thumb' | 'large' }) {
  const api = useApi();
  const url = api.screenshotUrl(path);
  return (
    <figure className={`shot shot--${size}`}>
      <a href={url} target="_blank" rel="noreferrer" aria-label={`Open screenshot: ${caption}`}>
        <img src={url} alt={caption} loading="lazy" />
      </a>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
