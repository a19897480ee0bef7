#!/usr/bin/env bash
# Makes the certificates the TLS tests use, with the openssl CLI, into $1:
#   ca.pem/ca.key            a test CA
#   other-ca.pem/.key        a second CA the server does not trust at first
#   server.pem/.key          localhost and 127.0.0.1, signed by ca
#   server2.pem/.key         the same names, signed by other-ca (rotation)
#   reader.pem/.key          URI SAN spiffe://remarkgraph.test/reader
#   writer.pem/.key          CN writer-svc, no URI SAN
#   admin.pem/.key           URI SAN spiffe://remarkgraph.test/admin
#   rogue.pem/.key           CN writer-svc signed by other-ca
set -euo pipefail
out="$1"
mkdir -p "$out"
cd "$out"

ca() {  # name subject
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=$2" -keyout "$1.key" -out "$1.pem" 2>/dev/null
}
leaf() {  # name issuer subject extensions
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$3" \
    -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca "remarkgraph test CA"
ca other-ca "remarkgraph other CA"
server_ext="subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
leaf server ca localhost "$server_ext"
leaf server2 other-ca localhost "$server_ext"
leaf reader ca reader-svc "subjectAltName=URI:spiffe://remarkgraph.test/reader
extendedKeyUsage=clientAuth"
leaf writer ca writer-svc "extendedKeyUsage=clientAuth"
leaf admin ca admin-svc "subjectAltName=URI:spiffe://remarkgraph.test/admin
extendedKeyUsage=clientAuth"
leaf rogue other-ca writer-svc "extendedKeyUsage=clientAuth"
# An RSA key for signing JWTs, its modulus in hex for the JWKS.
openssl genrsa -out jwt.key 2048 2>/dev/null
openssl rsa -in jwt.key -noout -modulus 2>/dev/null | sed 's/^Modulus=//' > jwt.modulus
openssl genrsa -out jwt-other.key 2048 2>/dev/null
openssl rsa -in jwt-other.key -noout -modulus 2>/dev/null | sed 's/^Modulus=//' > jwt-other.modulus
