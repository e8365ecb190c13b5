package io.github.freethread.bench.allocator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Direct {@link ByteBuf}s from a Netty allocator (pooled or adaptive): {@code directBuffer(size)} to
 * allocate, {@code release()} to free. The byte at offset 0 is written with {@code setByte}, Netty's
 * own accessor; the fork runs with {@code io.netty.buffer.checkAccessible=false} and
 * {@code checkBounds=false}, so that store costs what a raw {@code putByte} costs.
 */
final class NettyDirectAllocator extends ReferenceAllocator {
    private final ByteBufAllocator netty;

    NettyDirectAllocator(ByteBufAllocator netty) {
        this.netty = netty;
    }

    @Override
    Object allocate(int size) {
        ByteBuf buffer = netty.directBuffer(size, size);
        buffer.setByte(0, size);
        return buffer;
    }

    @Override
    Object allocateFilled(int size) {
        ByteBuf buffer = netty.directBuffer(size, size);
        buffer.setZero(0, size);
        return buffer;
    }

    @Override
    void free(Object block) {
        ((ByteBuf) block).release();
    }

    @Override
    void close() {
        if (netty instanceof PooledByteBufAllocator pooled) {
            pooled.freeThreadLocalCache();
        }
    }
}
