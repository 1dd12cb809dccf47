package net.trafficmirror.agent;

import java.lang.foreign.MemorySegment;
import net.trafficmirror.linux.MessageVector;

/** A sink whose batch is a {@link MessageVector}: slot {@code i} of the batch is the vector's message {@code i}. */
abstract class MessageVectorSink implements TunnelSink {
    final MessageVector messages;

    MessageVectorSink(MessageVector messages) { this.messages = messages; }

    @Override public int capacity() { return messages.capacity(); }

    @Override public int slotSize() { return messages.slotSize(); }

    @Override public long claim(int i, TunnelTarget target) { return messages.slotOffset(i); }

    @Override public MemorySegment buffer(int i) { return messages.buffers(); }
}
