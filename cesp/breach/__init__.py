"""The breach procedure: cases, adversarial steps, statement of sums, appeals, instalment
plans (issue 10).
"""
