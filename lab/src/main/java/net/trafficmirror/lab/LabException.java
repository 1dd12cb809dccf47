package net.trafficmirror.lab;

/** A lab operation that cannot be done, as one line for the user (a running lab, a failed command, no root). */
public final class LabException extends Exception {
    public LabException(String message) {
        super(message, null, false, false);
    }
}
