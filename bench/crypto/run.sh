#!/usr/bin/env bash
# bench/crypto/run.sh [--seconds N] — S/MIME crypto-only benchmark (issue B): builds Release and
# runs sign+encrypt and decrypt+verify (10 KB, RSA-2048/3072, one thread) next to
# `openssl speed -seconds N rsa2048 rsa3072` measured in the same run. Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/CryptoBench.csproj" -c Release -nologo -v q >&2
exec dotnet "$here/bin/Release/net10.0/Smgw.CryptoBench.dll" "$@"
