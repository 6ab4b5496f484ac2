// A screenshot from an attempt record, opened full size in a new tab on click.
import { useScreenshotUrl } from '../api/context';

export function Screenshot({ path, caption, size = 'thumb' }: { path: string; caption: string; size?: 'thumb' | 'large' }) {
  const url = useScreenshotUrl(path);
  return (
    <figure className={`shot shot--${size}`}>
      <a href={url} target="_blank" rel="noreferrer" aria-label={`Open screenshot: ${caption}`}>
        <img src={url} alt={caption} />
      </a>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
