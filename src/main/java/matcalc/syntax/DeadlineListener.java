package matcalc.syntax;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTreeListener;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Checks the {@link Deadline} as ANTLR enters each rule, so that parsing a huge input stops in time. */
final class DeadlineListener implements ParseTreeListener {
    @Override
    public void enterEveryRule(ParserRuleContext ctx) {
        Deadline.check("parsing");
    }

    @Override
    public void exitEveryRule(ParserRuleContext ctx) {
        // nothing: entering is checked
    }

    @Override
    public void visitTerminal(TerminalNode node) {
        // nothing: entering is checked
    }

    @Override
    public void visitErrorNode(ErrorNode node) {
        // nothing: entering is checked
    }
}
