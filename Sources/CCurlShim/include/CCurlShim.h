// Typed, non-variadic wrappers for libcurl's variadic curl_easy_setopt and curl_easy_getinfo,
// which Swift cannot call. One wrapper per argument kind; nothing else lives here.
#ifndef KEEPSAKE_CCURL_SHIM_H
#define KEEPSAKE_CCURL_SHIM_H

#include <curl/curl.h>

/// curl_easy_setopt for options that take a `long`.
CURLcode keepsake_curl_setopt_long(CURL *handle, CURLoption option, long value);
/// curl_easy_setopt for options that take a `curl_off_t` (the *_LARGE options).
CURLcode keepsake_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
/// curl_easy_setopt for options that take a C string (libcurl copies strings).
CURLcode keepsake_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
/// curl_easy_setopt for options that take an object pointer (userdata, curl_slist, error buffer).
CURLcode keepsake_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// CURLOPT_READFUNCTION.
CURLcode keepsake_curl_setopt_read_function(CURL *handle, curl_read_callback callback);
/// CURLOPT_DEBUGFUNCTION.
CURLcode keepsake_curl_setopt_debug_function(CURL *handle, curl_debug_callback callback);
/// CURLOPT_WRITEFUNCTION.
CURLcode keepsake_curl_setopt_write_function(CURL *handle, curl_write_callback callback);
/// curl_easy_getinfo for information of type `long`.
CURLcode keepsake_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/// curl_easy_getinfo for information of type `curl_socket_t` (CURLINFO_ACTIVESOCKET).
CURLcode keepsake_curl_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value);

#endif
