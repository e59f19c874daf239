import CCurl

/// What libcurl's C callbacks need during one transfer: the body still to upload, and the
/// transcript of the dialogue. Passed to the callbacks as an unretained pointer that lives as
/// long as the transfer.
final class TransferState {
    let body: [UInt8]
    /// Body bytes handed to libcurl by the read callback.
    private var uploaded = 0
    /// Body bytes libcurl reports written to the connection (after its dot-stuffing, which only adds).
    private var written = 0
    var transcript = TransferTranscript()

    init(body: [UInt8]) {
        self.body = body
    }

    /// CURLOPT_READFUNCTION: copies the next part of the body. Returning 0 ends the upload, after
    /// which libcurl sends the end-of-data marker.
    static let readBody: curl_read_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        let length = min(size * count, state.body.count - state.uploaded)
        if length == 0 {
            state.transcript.bodyFinished()
            return 0
        }
        state.body.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + state.uploaded, byteCount: length)
        }
        state.uploaded += length
        return length
    }

    /// CURLOPT_DEBUGFUNCTION: commands out and reply lines in feed the transcript.
    static let observeDialogue: curl_debug_callback = { _, kind, data, size, context in
        guard let data, let context else { return 0 }
        let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
        switch kind {
        case CURLINFO_HEADER_OUT:
            state.transcript.commandSent(UnsafeRawBufferPointer(start: data, count: size))
        case CURLINFO_HEADER_IN:
            state.transcript.replyReceived(UnsafeRawBufferPointer(start: data, count: size))
        case CURLINFO_DATA_OUT:
            // With a known upload size libcurl may never call the read callback for a final 0, so
            // the end of the body is also recognised here: once as many bytes as the body has
            // are on the wire, the end-of-data marker follows and a lost reply means "unknown".
            state.written += size
            if state.written >= state.body.count { state.transcript.bodyFinished() }
        default:
            break
        }
        return 0
    }
}
