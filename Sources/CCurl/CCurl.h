// libcurl as a SwiftPM system library. Debian: libcurl4-openssl-dev (pkg-config `libcurl`).
#include <curl/curl.h>
