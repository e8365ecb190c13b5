package io.github.freethread.vm.jit;

import java.lang.classfile.CodeBuilder;

/** A family of templates split out of {@link Templates}: it emits into the same method and model. */
abstract class TemplateGroup {
    protected final Templates tp;
    protected final CodeBuilder cb;
    protected final FrameState st;
    protected final JitCompiler jc;

    TemplateGroup(Templates tp) {
        this.tp = tp;
        this.cb = tp.cb;
        this.st = tp.st;
        this.jc = tp.jc;
    }
}
