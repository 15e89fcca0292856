// The matcalc expression language. Unicode and ASCII spellings of every operator are accepted:
//   ⊙ .*   ⊘ ./   ᵀ ' ^T   − -   𝟏 ones   𝟏_n ones_n   ∈ in   ℝ R   ‖x‖ norm(x)
// Precedence, loosest first: + −, then ⊙ ⊘, then ⊗ (Kronecker, associative), then products
// (juxtaposition, *, /), then unary minus, then postfix (ᵀ, ^, .^, ⁻¹, ²). The parse tree never leaves the syntax package: AstBuilder turns it
// into the project's own surface AST (matcalc.syntax.Node).
grammar Matcalc;

// The '(' that opens a call's arguments is a token of its own (CALL_LPAREN): the lexer emits it for a
// '(' after a name or a pattern variable (and primes: h'(x)), unless that name is an exponent (x.^exp(α)
// reads exp as the exponent, which the checker then explains). With one '(' token, sin(x) was both a
// call and sin times (x), an ambiguity ANTLR settles by looking ahead to the end of the nesting: for
// sin(sin(…)) that took time quadratic in the depth. Whether a name is called or multiplied (W (x + b))
// is still decided by the checker, as before.
@lexer::members {
    /** The types of the last two tokens emitted (skipped ones are not). */
    private int last = -1, beforeLast = -1;
    /** Whether the tokens since the last name or pattern variable are primes only, and it is no exponent. */
    private boolean callee;

    @Override
    public Token nextToken() {
        Token t = super.nextToken();
        int type = t.getType();
        if (type == NAME || type == PATTERN_VAR) {
            callee = !(last == CARET || last == ELEMPOW
                    || (last == MINUS && (beforeLast == CARET || beforeLast == ELEMPOW)));
        } else if (type != APOS) {
            callee = false;
        }
        beforeLast = last;
        last = type;
        return t;
    }

    private boolean afterCallee() {
        return callee;
    }
}


// ---------------------------------------------------------------- statements
line        : NEWLINE* statement (SEMI statement)* SEMI? NEWLINE* EOF ;
// A file of statements, one or more per line (examples/, REPL scripts).
script      : (statement? (SEMI | NEWLINE))* statement? EOF ;
// Rule files (rules/*.rules): `name : lhs => rhs [if condition, …]`, one per line, # comments.
ruleFile    : (ruleDef? NEWLINE)* ruleDef? EOF ;
ruleDef     : ruleName COLON lhs=expr ARROW rhs=expr (IF condition (COMMA condition)*)? ;
ruleName    : NAME (MINUS NAME)* ;
condition   : PATTERN_VAR NAME                             # propertyCondition
            | NAME                                         # flagCondition
            ;

statement   : NAME (COMMA NAME)* (COLON | IN) type         # declStmt
            | NAME ASSIGN expr                             # defStmt
            | NAME APOS* CALL_LPAREN param=NAME RPAREN ASSIGN expr   # fnDefStmt
            | ASSUME equation (COMMA equation)*            # assumeStmt
            | expr                                         # exprStmt
            ;

// An assumption's equation; one `assume` may state several, separated by commas.
equation    : expr ASSIGN expr ;

type        : REALS (CARET (LBRACE dims RBRACE | dimAtom))? NAME*     # realsType
            | NAME CARET (LBRACE dims RBRACE | dimAtom) NAME*         # asciiRealsType
            | dims NAME*                                              # dimsType
            ;
dims        : dim (dimSep dim)? ;
dimSep      : TIMES | NAME ;                               // NAME must be `x`; AstBuilder checks
// A product of sizes (the length of vec(X)) binds tighter than x: n*m x k and n·m × k are (n·m)×k.
dim         : dimAtom ((STAR | CDOT) dimAtom)* ;
dimAtom     : NAME | NUMBER | (LPAREN | CALL_LPAREN) dim RPAREN ;   // x: n x (m·k): '(' after the name x

// ---------------------------------------------------------------- expressions
expr        : term ((PLUS | MINUS) term)* ;
term        : kron ((HADAMARD | ELEMDIV) kron)* ;
// A ⊗ B C is A ⊗ (B C): the Kronecker product binds looser than a matrix product (ASCII: kron(A, B))
kron        : product (KRON product)* ;
product     : signed (factor)* ;
factor      : (STAR | SLASH) signed                        # explicitFactor
            | postfixExpr                                  # juxtaposedFactor
            ;
signed      : MINUS signed                                 # negation
            | postfixExpr                                  # unsigned
            ;
postfixExpr : primary postfixOp* ;
postfixOp   : TRANSPOSE                                    # transposeOp
            | APOS                                         # primeTransposeOp
            | CARET exponent                               # powerOp
            | ELEMPOW exponent                             # elemPowerOp
            | SUP_INV                                      # inverseOp
            | SUP_INV_T                                    # inverseTransposeOp
            | SUP_TWO                                      # squareOp
            ;
// A^T, A^⊤, A^-1, A^(-1), A^{-1} (LaTeX), A^-T, A^{-T}: AstBuilder reads them as transpose and inverse.
exponent    : MINUS? (NUMBER | NAME | PATTERN_VAR | TRANSPOSE | LPAREN expr RPAREN | LBRACE expr RBRACE) ;
primary     : NAME APOS* CALL_LPAREN expr (COMMA expr)* RPAREN  # call
            | NAME                                         # name
            | NUMBER                                       # number
            | ONES                                         # ones
            | SIZED                                        # sized
            | COMMUTATION                                  # commutation
            | LPAREN expr RPAREN                           # paren
            | NORM_BAR expr NORM_BAR                       # normBars
            | PATTERN_VAR APOS* CALL_LPAREN expr RPAREN     # patternCall
            | PATTERN_VAR                                  # patternVar
            ;

// ---------------------------------------------------------------- tokens
ASSUME      : 'assume' ;
IF          : 'if' ;
IN          : 'in' | '\u2208' ;                            // ∈
REALS       : '\u211D' ;                                   // ℝ
ARROW       : '=>' | '\u2192' | '->' ;                      // → (rule files)
PLUS        : '+' ;
MINUS       : '-' | '\u2212' ;                             // −
STAR        : '*' ;
SLASH       : '/' ;
HADAMARD    : '\u2299' | '.*' ;                            // ⊙
ELEMDIV     : '\u2298' | './' ;                            // ⊘
KRON        : '\u2297' ;                                   // ⊗
ELEMPOW     : '.^' ;
CARET       : '^' ;
TRANSPOSE   : '\u1D40' | '\u22A4' ;                        // ᵀ, ⊤
APOS        : '\'' | '\u2032' ;                            // ' ′
SUP_INV     : '\u207B\u00B9' ;                             // ⁻¹
SUP_INV_T   : '\u207B\u1D40' | '\u207B\u22A4' ;               // ⁻ᵀ, ⁻⊤
SUP_TWO     : '\u00B2' ;                                   // ²
TIMES       : '\u00D7' ;                                   // ×
CDOT        : '\u00B7' | '\u22C5' ;                        // · ⋅ (only in sizes: x: n·m)
ONES        : '\u{1D7CF}' ;                                // 𝟏
NORM_BAR    : '\u2016' ;                                   // ‖
CALL_LPAREN : '(' {afterCallee()}? ;                       // see @lexer::members
LPAREN      : '(' ;
RPAREN      : ')' ;
LBRACE      : '{' ;
RBRACE      : '}' ;
COMMA       : ',' ;
SEMI        : ';' ;
COLON       : ':' ;
ASSIGN      : '=' ;
NUMBER      : DIGIT+ ('.' DIGIT+)? EXPONENT? | '.' DIGIT+ EXPONENT? ;
PATTERN_VAR : '?' LETTER IDCHAR* ;
// 𝟏_n, ones_n, I_n, I_3, I_{m·n}: a ones vector or an identity of a given size (before NAME, which
// would take ones_n and I_n whole); AstBuilder reads the size
SIZED       : ('\u{1D7CF}' | 'ones' | 'I') '_' (LETTER IDCHAR* | DIGIT+ | '{' ~[{}\r\n]+ '}') ;
// K_{m,n}: the commutation matrix (before NAME, which would take K_ alone); AstBuilder reads the
// two sizes. A K with no braces is a name like any other.
COMMUTATION : 'K_{' ~[{}\r\n]+ '}' ;
NAME        : LETTER IDCHAR* ;
COMMENT     : '#' ~[\r\n]* -> skip ;
NEWLINE     : '\r'? '\n' ;
WS          : [ \t\u00A0]+ -> skip ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+\-]? DIGIT+ ;
// Latin letters, Latin-1 and Latin Extended letters (ŷ, ĥ), Greek letters; × and ÷ are not letters.
fragment LETTER   : [a-zA-Z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0391-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5] ;
// Subscript digits ₀-₉, combining marks (x̂ = x + U+0302).
fragment IDCHAR   : LETTER | DIGIT | '_' | [\u2080-\u2089] | [\u0300-\u036F] ;
