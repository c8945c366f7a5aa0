#!/usr/bin/env bash
# bash_completion.sh - writes the bash completion of takedown from the program itself:
#   bash cmake/bash_completion.sh path/to/takedown OUTPUT
# The commands come from `takedown help`, each command's subcommands from its usage lines
# (`takedown p2p generate|analyze|simulate`), its long options from its --help text (and a
# subcommand's own --help where it has one), and the family names from `takedown families`.
set -euo pipefail
takedown=$1
out=$2
mkdir -p "$(dirname "$out")"

commands=$("$takedown" help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] || { echo "bash_completion.sh: '$takedown help' lists no command" >&2; exit 1; }
families=$("$takedown" families | awk '{ print $1 }' | tr '\n' ' ')

long_options() { grep -oE -- '--[a-z][a-z0-9-]*' | sort -u | tr '\n' ' ' | sed 's/ $//'; }

# The words after `takedown CMD` in the usage lines that name subcommands (lower-case words,
# alternatives joined with |).
subcommands() {
  local cmd=$1
  sed -nE "s/^(usage: |       )takedown $cmd ([a-z][a-z0-9|-]*)( .*)?$/\2/p" | tr '|' '\n' |
    sort -u | tr '\n' ' ' | sed 's/ $//'
}

{
  echo "# bash completion for takedown, generated from its --help texts by"
  echo "# cmake/bash_completion.sh; do not edit."
  echo
  echo "_takedown_options() {"
  echo "  case \"\$1\" in"
  for cmd in $commands; do
    [ "$cmd" = help ] && continue
    help=$("$takedown" "$cmd" --help)
    subs=$(subcommands "$cmd" <<<"$help")
    for sub in $subs; do
      sub_help=$("$takedown" "$cmd" "$sub" --help 2>/dev/null) || continue
      [ "$sub_help" = "$help" ] && continue
      echo "    \"$cmd $sub\") echo \"$(long_options <<<"$sub_help")\" ;;"
    done
    echo "    \"$cmd\"|\"$cmd \"*) echo \"$(long_options <<<"$help")\" ;;"
  done
  echo "  esac"
  echo "}"
  echo
  echo "_takedown_subcommands() {"
  echo "  case \"\$1\" in"
  for cmd in $commands; do
    [ "$cmd" = help ] && continue
    subs=$(subcommands "$cmd" <<<"$("$takedown" "$cmd" --help)")
    [ -n "$subs" ] && echo "    $cmd) echo \"$subs\" ;;"
  done
  echo "  esac"
  echo "}"
  echo
  cat <<EOF
_takedown() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  local commands="$(echo $commands)"
  local families="${families% }"
  if [ "\$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=(\$(compgen -W "\$commands --version" -- "\$cur"))
    return
  fi
  local cmd=\${COMP_WORDS[1]} subs
  subs=\$(_takedown_subcommands "\$cmd")
  if [ "\$cmd" = help ]; then
    [ "\$COMP_CWORD" -eq 2 ] && COMPREPLY=(\$(compgen -W "\$commands" -- "\$cur"))
    return
  fi
  if [ "\$COMP_CWORD" -eq 2 ] && [ -n "\$subs" ]; then
    COMPREPLY=(\$(compgen -W "\$subs" -- "\$cur"))
    return
  fi
  if [[ \$cur == -* ]]; then
    local key=\$cmd
    [ -n "\$subs" ] && key="\$cmd \${COMP_WORDS[2]}"
    COMPREPLY=(\$(compgen -W "\$(_takedown_options "\$key") --help" -- "\$cur"))
    return
  fi
  if [ "\$COMP_CWORD" -eq 2 ] && { [ "\$cmd" = predict ] || [ "\$cmd" = families ]; }; then
    COMPREPLY=(\$(compgen -W "\$families" -- "\$cur"))
    return
  fi
  COMPREPLY=(\$(compgen -f -- "\$cur"))
}
complete -o filenames -F _takedown takedown
EOF
} >"$out.tmp"
mv "$out.tmp" "$out"
