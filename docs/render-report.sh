#!/usr/bin/env bash
# Renders a crossover Markdown report the way a reader sees it on GitHub or GitLab: REPORT.html
# (GitHub-flavoured Markdown, Mermaid charts drawn) and REPORT.png (a full-page screenshot of it),
# both next to REPORT.md. Used to look at the report, not to publish it.
#
#   docs/render-report.sh path/to/report.md
#
# Needs pandoc and Chromium (Debian: apt-get install pandoc chromium) and Node's npm, which
# installs the locked Mermaid package of tests/mermaid on first use. Nothing is fetched at
# render time: Mermaid is inlined into the HTML, so the page works offline and stands alone.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: $0 REPORT.md" >&2
    exit 2
fi
for tool in pandoc chromium; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed (apt-get install $tool)" >&2; exit 1; }
done

md=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
base=${md%.md}
html=$base.html
png=$base.png
root=$(cd "$(dirname "$0")/.." && pwd)
mermaid_js=$root/tests/mermaid/node_modules/mermaid/dist/mermaid.min.js
if [ ! -f "$mermaid_js" ]; then
    (cd "$root/tests/mermaid" && npm ci --no-audit --no-fund --prefer-offline >&2)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Mermaid reads a diagram from the text of a `.mermaid` element; pandoc's default
# <pre class="mermaid"><code> wrapper would hand it the markup too.
cat >"$work/mermaid.lua" <<'LUA'
function CodeBlock(el)
  if el.classes[1] == "mermaid" then
    local text = el.text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;")
    return pandoc.RawBlock("html", '<pre class="mermaid">' .. text .. "</pre>")
  end
end
LUA

# A plain GitHub-like page: readable width, bordered tables, right-aligned numbers kept.
cat >"$work/head.html" <<'HTML'
<style>
  body { max-width: 1012px; margin: 24px auto; padding: 0 24px; color: #1f2328;
         font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
  h1 { font-size: 2em; } h2 { font-size: 1.5em; margin-top: 2em; } h3 { font-size: 1.25em; margin-top: 1.6em; }
  table { border-collapse: collapse; margin: 0 0 16px; display: block; overflow-x: auto; width: max-content; max-width: 100%; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: top; }
  th { background: #f6f8fa; font-weight: 600; }
  tr:nth-child(2n) td { background: #f6f8fa; }
  blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  pre.mermaid { background: #fff; text-align: center; margin: 16px 0; }
</style>
HTML

{
    printf '<script>\n'
    cat "$mermaid_js"
    # The page says when the charts are drawn and how tall it is, for the screenshot below.
    printf '\n</script>\n<script>\n'
    cat <<'JS'
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
mermaid.run({ querySelector: 'pre.mermaid' }).then(() => {
  document.body.setAttribute('data-mermaid', 'drawn');
}).catch((e) => {
  document.body.setAttribute('data-mermaid', 'failed');
  const p = document.createElement('p');
  p.style.color = '#b00';
  p.textContent = 'Mermaid failed: ' + String(e);
  document.body.prepend(p);
}).finally(() => {
  document.body.setAttribute('data-height', String(document.documentElement.scrollHeight));
});
JS
    printf '</script>\n'
} >"$work/after.html"

title=$(head -n 1 "$md" | sed -e 's/^# *//')
pandoc --from gfm --to html5 --standalone \
    --lua-filter "$work/mermaid.lua" \
    --include-in-header "$work/head.html" \
    --include-after-body "$work/after.html" \
    --metadata title="$title" --variable pagetitle="$title" --variable title= \
    --output "$html" "$md"

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
    --no-first-run --hide-scrollbars --user-data-dir="$work/profile" --virtual-time-budget=20000)

# Chromium's screenshot is of the window, so measure the page first, then shoot at that height.
body=$("${chrome[@]}" --window-size=1280,1000 --dump-dom "file://$html" 2>/dev/null | grep -o '<body[^>]*>' | head -n 1)
height=$(printf '%s' "$body" | sed -n 's/.*data-height="\([0-9]*\)".*/\1/p')
if [ -z "$height" ]; then
    echo "$0: the page did not finish rendering its charts" >&2
    exit 1
fi
if ! printf '%s' "$body" | grep -q 'data-mermaid="drawn"'; then
    echo "$0: Mermaid could not draw a chart; the message is at the top of $html when opened" >&2
    exit 1
fi
# GPU-less Chromium cannot paint a surface taller than this; a longer report is cut there.
max_height=32000
if [ "$height" -gt "$max_height" ]; then
    echo "$0: the page is ${height}px tall; the screenshot shows its first ${max_height}px" >&2
    height=$max_height
fi
"${chrome[@]}" --window-size="1280,$height" --screenshot="$png" "file://$html" 2>/dev/null
echo "$html"
echo "$png"
