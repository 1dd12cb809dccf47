package net.trafficmirror.packet.io;

import java.io.IOException;

/** The input is not a capture file this project reads, or a block/record header in it is corrupt. */
public class CaptureFormatException extends IOException {
    public CaptureFormatException(String message) {
        super(message);
    }
}
