package dev.provenant.policy.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CEL expression over an attestation's predicate that must be true, such as {@code
 * predicate.scanner.result.summary.criticalCount == 0}. The expression sees {@code predicate} (the
 * statement's predicate as JSON: objects are maps, integral numbers are {@code int}, other numbers
 * {@code double}) and {@code predicateType} (a string). It is compiled and type-checked when the
 * policy is loaded, so a typo is a load error with a line number, not a deny at admission time.
 *
 * <p>An expression that fails at evaluation (a missing field: {@code no such key}) is false, with
 * the error as the reason: missing evidence never passes.
 */
public final class PredicateCondition {
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("predicate", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("predicateType", SimpleType.STRING)
          .setResultType(SimpleType.BOOL)
          .build();

  private final String expression;
  private final CelRuntime.Program program;

  private PredicateCondition(String expression, CelRuntime.Program program) {
    this.expression = expression;
    this.program = program;
  }

  /**
   * Compiles {@code expression}.
   *
   * @throws InvalidConditionException when it does not parse, does not type-check, or is not a
   *     boolean expression; the message is CEL's, with the column
   */
  public static PredicateCondition compile(String expression) throws InvalidConditionException {
    Objects.requireNonNull(expression, "expression");
    try {
      CelValidationResult result = CEL.compile(expression);
      CelAbstractSyntaxTree ast = result.getAst();
      return new PredicateCondition(expression, CEL.createProgram(ast));
    } catch (CelValidationException e) {
      throw new InvalidConditionException(
          "condition does not compile: " + e.getMessage().replace('\n', ' '));
    } catch (CelEvaluationException e) {
      throw new InvalidConditionException("condition cannot be prepared: " + e.getMessage());
    }
  }

  public String expression() {
    return expression;
  }

  /** The outcome of one evaluation: whether it held, and if not, why in words. */
  public record Result(boolean holds, String detail) {}

  /** Evaluates the condition over {@code predicate} (a JSON object). */
  public Result evaluate(String predicateType, JsonNode predicate) {
    if (predicate == null || !predicate.isObject()) {
      return new Result(false, "the predicate is not a JSON object");
    }
    try {
      Object value =
          program.eval(
              Map.of(
                  "predicate",
                  toCel(predicate),
                  "predicateType",
                  predicateType == null ? "" : predicateType));
      if (Boolean.TRUE.equals(value)) {
        return new Result(true, expression + " holds");
      }
      return new Result(false, expression + " is false");
    } catch (CelEvaluationException e) {
      return new Result(false, expression + " could not be evaluated: " + e.getMessage());
    }
  }

  /** JSON to the values CEL's runtime takes: maps, lists, Long, Double, String, Boolean. */
  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        map.put(field.getKey(), toCel(field.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(element -> list.add(toCel(element)));
      return list;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return com.google.protobuf.NullValue.NULL_VALUE;
    }
    return node.asText();
  }

  @Override
  public String toString() {
    return expression;
  }
}
